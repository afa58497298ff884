"""Structured (JSON lines) logging: ids, verbs and timings only; never message text or people's names."""

import json
import logging
import sys
from datetime import UTC, datetime

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}
OWN = "consult"  # the project's loggers ("consult", "consult.turn", ...): written to carry ids, never text
# Libraries that write payloads below WARNING: SQLAlchemy result rows, aiosqlite SQL parameters, msrest and urllib3
# requests, MSAL token traffic. They stay at WARNING whatever LOG_LEVEL says.
PAYLOAD_LOGGERS = (
    "sqlalchemy.engine",
    "sqlalchemy.pool",
    "aiosqlite",
    "asyncpg",
    "botbuilder",
    "botframework",
    "msrest",
    "msal",
    "urllib3",
    "aiohttp.access",
    "aiohttp.client",
)


def is_own(name: str) -> bool:
    return name == OWN or name.startswith(OWN + ".")


class JsonFormatter(logging.Formatter):
    """One JSON object per record. The project's records are written whole. A library's record is written as its
    message template only (`"Row %r"`, never the row) and without extra fields: at DEBUG, SQLAlchemy logs result
    rows and aiosqlite the SQL parameters, which hold consultation text and names."""

    def format(self, record: logging.LogRecord) -> str:
        own = is_own(record.name)
        out = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage() if own or not record.args else str(record.msg),
        }
        if own:
            out.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info and record.exc_info[0] is not None:
            out["exc_type"] = record.exc_info[0].__name__
            out["traceback"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in PAYLOAD_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    # msrest warns about every field its models do not declare, e.g. the `trigger` Teams sends with each card click.
    logging.getLogger("msrest.serialization").setLevel(max(logging.ERROR, root.level))
