# Consult Bot container image: `docker build -t consult-bot .`
#
#   build    builds wheels for the project and every dependency, installs them (non-editable) into /opt/consult
#            and smoke-tests the installed package (migrations found, classifier model and dashboard files shipped)
#   runtime  python:3.11-slim + that virtual environment, run as an unprivileged user; no compiler, no source tree
#
# The container runs `consult serve` on 0.0.0.0:3978 and applies pending Alembic migrations at start-up
# (MIGRATE_ON_START=true, the default). With several replicas, run migrations once as a release step instead and
# start the replicas with MIGRATE_ON_START=false:
#
#   docker run --rm --env-file .env consult-bot migrate        # = `consult migrate`
#
# Configuration comes from the environment only (DATABASE_URL, MicrosoftAppId, MicrosoftAppPassword, ...; see
# .env.example). The image holds no .env file and no secret. Logs are JSON lines on stderr.
# SIGTERM (docker stop, a new revision) stops accepting connections, lets in-flight turns finish, stops the weekly
# summary loop and closes the database pool; give the container a stop grace period of at least 30 s.

ARG PYTHON_IMAGE=python:3.11-slim

# --- build ------------------------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /src
# The compiled dependencies ship manylinux wheels for CPython 3.11; the few sdists (emoji, grapheme, aiounittest) are
# pure Python. So no compiler is installed here.
COPY pyproject.toml README.md app.py ./
COPY bot ./bot
COPY dialogs ./dialogs
COPY storage ./storage
COPY migrations ./migrations
RUN pip wheel --wheel-dir /wheels . \
 && python -m venv /opt/consult \
 && /opt/consult/bin/pip install --no-index --find-links /wheels consult-bot

# Smoke test of the installed package, outside the source tree: migrations apply, the classifier model and the
# dashboard's static files are there, the CLI starts. A packaging mistake fails the build, not the first deploy.
WORKDIR /tmp/smoke
RUN DATABASE_URL=sqlite+aiosqlite:////tmp/smoke/smoke.db /opt/consult/bin/consult migrate \
 && /opt/consult/bin/consult classify "申請書の押印を廃止して決裁ルートを見直したい" \
 && /opt/consult/bin/python -c "import bot.web.routes as r; assert (r.STATIC_DIR / 'dashboard.js').is_file()" \
 && cd / && rm -rf /tmp/smoke

# --- runtime ----------------------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="consult-bot" \
      org.opencontainers.image.description="Consult Bot (相談ボット): the DX consultation desk as a Microsoft Teams bot"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/consult \
    PATH=/opt/consult/bin:$PATH \
    HOST=0.0.0.0 \
    PORT=3978 \
    MIGRATE_ON_START=true

RUN groupadd --system --gid 10001 consult \
 && useradd --system --uid 10001 --gid consult --home-dir /app --no-create-home --shell /usr/sbin/nologin consult \
 && mkdir -p /app/data \
 && chown -R consult:consult /app

COPY --from=build /opt/consult /opt/consult

# The working directory holds nothing but ./data, the default SQLite location (DATABASE_URL unset: one replica,
# local trials only). Production uses PostgreSQL through DATABASE_URL.
WORKDIR /app
USER consult:consult

EXPOSE 3978

# Liveness: /healthz answers 200 while the process serves (its body says "degraded" when the database is down).
# Exec form with the virtual environment's python: slim images have no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/opt/consult/bin/python", "-c", "import os, urllib.request as u; u.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3978'), timeout=4)"]

# PID 1 is the Python process itself (exec form), so SIGTERM reaches aiohttp's graceful shutdown directly.
STOPSIGNAL SIGTERM
ENTRYPOINT ["consult"]
CMD ["serve"]
