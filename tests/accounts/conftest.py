from ..browser.conftest import _database_left_as_found  # noqa: F401
from .support import sso  # noqa: F401
