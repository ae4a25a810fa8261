# Runs the dashboard with Debian's Chromium for PNG/SVG export.
FROM python:3.11-slim-bookworm

RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

ENV BROWSER_PATH=/usr/bin/chromium
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl --fail http://localhost:8501/_stcore/health || exit 1

RUN useradd --create-home exodus
USER exodus
# The data package (country shapes included) is checked first: a broken package stops the
# container with the problems printed, instead of a server that answers "ok" to health checks.
CMD ["sh", "-c", "python -m exodus.data.validate && exec streamlit run dashboard.py --server.port=8501 --server.address=0.0.0.0"]
