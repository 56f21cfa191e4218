# The SweCan Portal: one image for web (gunicorn), Celery worker and Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DATA_DIR=/data STATIC_ROOT=/app/staticfiles

# WeasyPrint needs Pango; DejaVu gives PDFs embeddable fonts with å, ä, ö.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
    fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 swecan \
 && mkdir -p /data && chown swecan /data

WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt .
COPY . .
RUN SECRET_KEY=collectstatic-only-not-a-secret-0123456789abcdefghij DEBUG=false ALLOWED_HOSTS=build DATA_DIR=/tmp/build \
    python manage.py collectstatic --noinput

USER swecan
EXPOSE 8000
CMD ["gunicorn", "swecan.wsgi", "-c", "python:swecan.gunicorn_conf"]
