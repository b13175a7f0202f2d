# Belarusian dates as CLDR writes them: "3 жніўня 2020 г.", "жнівень 2020 г.", "3 жніўня".
# "E" is the month in the genitive, "F" the month alone (sprava/locale/be corrects Django's
# Belarusian month names, which gave the genitive for both).
DATE_FORMAT = "j E Y г."
YEAR_MONTH_FORMAT = "F Y г."
MONTH_DAY_FORMAT = "j E"
FIRST_DAY_OF_WEEK = 1  # Monday
