# Django's Russian MONTH_DAY_FORMAT is "j F", "3 Август": the day takes the genitive.
MONTH_DAY_FORMAT = "j E"
