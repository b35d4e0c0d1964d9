"""A notice: what one rule tells one recipient about one object in one period."""

from dataclasses import dataclass, field

from .recipients import Recipient


@dataclass
class Notice:
    """What one rule tells one recipient about one object in one period.

    ``item`` is what the message says about the object (JSON-serialisable);
    it is stored with the log row so a message can be sent, or sent again,
    without asking the rule.
    """

    rule: str
    recipient: Recipient
    content_type_id: int
    object_id: int
    period: str
    item: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return (
            self.rule,
            self.content_type_id,
            self.object_id,
            self.recipient.address,
            self.period,
        )
