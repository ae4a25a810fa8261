# The reverse proxy of compose.yaml: Debian's nginx with the configuration that
# `python -m exodus.ops.serve --print-config` renders (deploy/nginx-compose.conf), run as
# `make serve` runs it: in the foreground, unprivileged, from its own folder.
FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/proxy
COPY deploy/nginx-compose.conf nginx.conf
RUN mkdir tmp && chown -R www-data:www-data /srv/proxy
USER www-data
EXPOSE 8080
CMD ["nginx", "-p", "/srv/proxy", "-c", "nginx.conf", "-e", "stderr", "-g", "daemon off;"]
