# syntax=docker/dockerfile:1
# Core Purpose: one image for web (gunicorn), worker and beat (celery). See docs/deployment.md.

# ---- 1. Front end: GOV.UK Frontend + htmx compiled into static/dist ---------------------
FROM node:20-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY static_src/ static_src/
RUN npm run --silent build

# ---- 2. The application -----------------------------------------------------------------
FROM python:3.11-slim AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    WEB_CONCURRENCY=3

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app

# Dependencies first, so that a code change does not reinstall them. psycopg[binary] brings
# its own libpq, so no system packages are needed.
COPY requirements.lock /tmp/requirements.lock
RUN python -m venv --upgrade-deps /opt/venv && pip install -r /tmp/requirements.lock && rm /tmp/requirements.lock

WORKDIR /app
COPY . .
COPY --from=assets /src/static/dist static/dist

# Static files are collected into the image (served by WhiteNoise with hashed names), so
# every container of this image serves the same files and no shared volume is needed.
# The key and database here exist only for this build step.
RUN SECRET_KEY=collectstatic-at-build-time-only-not-a-real-secret-key-000000 \
    ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    CELERY_BROKER_URL= \
    CACHE_URL=locmemcache:// \
    python manage.py collectstatic --noinput --verbosity 1 \
    && rm -f /tmp/build.sqlite3 \
    && python -m compileall -q -x '/(node_modules|tests)/' /app

# Uploads (reference-data files) live here; docker-compose mounts a volume shared with workers.
RUN mkdir -p /app/media && chown app:app /app/media

USER app
EXPOSE 8000

# The web process by default; docker-compose.yml runs worker, beat and migrate from the same
# image with other commands. WEB_CONCURRENCY sets gunicorn's worker count.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", \
     "--access-logfile", "-", "--error-logfile", "-", "--timeout", "60"]
