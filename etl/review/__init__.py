"""Analyst review: accept, reject, edit and add items; every decision kept in an append-only ledger.

`reviews` is the ledger; `review_current` and `review_tags` are derived from it and the current items,
and the views `items_current` and `item_measures_current` show every item with its reviews applied.
"""

from etl.review.add import add_item, locate_quote
from etl.review.exchange import export_reviews, import_reviews
from etl.review.fields import EDITABLE
from etl.review.ledger import Recorded, StaleReview, decide
from etl.review.read import history, list_reviews, orphaned_reviews, reviewed_items
from etl.review.rebuild import rebuild_review_state
from etl.review.state import REVIEW_STATUSES, VERDICTS

__all__ = [
    "EDITABLE",
    "REVIEW_STATUSES",
    "VERDICTS",
    "Recorded",
    "StaleReview",
    "add_item",
    "decide",
    "export_reviews",
    "history",
    "import_reviews",
    "list_reviews",
    "locate_quote",
    "orphaned_reviews",
    "rebuild_review_state",
    "reviewed_items",
]
