"""Input and output of dates as documenters know them (`PartialDateSpan`)."""

import datetime

from ninja import Field, Schema
from pydantic import model_validator

from sprava.records.models import Precision


class SpanIn(Schema):
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    date_precision: Precision = Field(
        Precision.DAY, description="How precisely the dates are known."
    )

    @model_validator(mode="after")
    def _ordered(self) -> "SpanIn":
        start, end = getattr(self, "start_date", None), getattr(self, "end_date", None)
        if start is not None and end is not None and end < start:
            raise ValueError("end_date is before start_date")
        return self


class SpanOut(Schema):
    start_date: datetime.date | None
    end_date: datetime.date | None
    date_precision: str
    when: str = Field(description="The dates as precisely as they are known, for display.")


SPAN_FIELDS = ("start_date", "end_date", "date_precision")
