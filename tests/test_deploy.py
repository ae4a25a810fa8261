"""The deployment files are valid and agree with the app: compose.yaml, deploy/, the nginx template.

`docker compose config` and kubeconform need tools this test cannot count on, so the files
are checked against the schemas that Python packages ship: the Compose specification's
(vendored by check-jsonschema) and Kubernetes' own (kubernetes-validate, strict: an unknown
field fails). Traefik's Middleware is a custom resource with no schema shipped; its fields
are checked against the few this project uses.
"""

from __future__ import annotations

import ipaddress
import json
import re
import subprocess
from importlib import resources
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml

from conftest import ROOT
from exodus.ops import proxy_config
from exodus.ops import serve

K8S = ROOT / "deploy" / "kubernetes"
K8S_VERSION = "1.33"  # the oldest Kubernetes these manifests are checked for
HEALTH = "/_stcore/health"
MIB = 1024 * 1024
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())


def manifests() -> list[tuple[str, dict]]:
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        docs += [(path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    return docs


def one(kind: str, name: str | None = None) -> dict:
    found = [d for _, d in manifests() if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]
    assert len(found) == 1, f"{len(found)} {kind} named {name}"
    return found[0]


def compose_upstreams() -> list[str]:
    port = re.search(r"^EXPOSE (\d+)$", (ROOT / "Dockerfile").read_text(), re.M).group(1)
    return [f"{service['networks']['exodus']['ipv4_address']}:{port}"
            for service in COMPOSE["services"].values() if service.get("image") == "exodus-app"]


def app_services() -> dict:
    return {name: s for name, s in COMPOSE["services"].items() if s.get("image") == "exodus-app"}


# --- compose.yaml -------------------------------------------------------------------------

def test_compose_file_follows_the_compose_specification():
    schema = json.loads(resources.files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json").read_text())
    jsonschema.validate(COMPOSE, schema)
    broken = COMPOSE | {"services": {"app1": {"build": ".", "ports": {"not": "a list"}}}}
    with pytest.raises(jsonschema.ValidationError):  # the schema does check
        jsonschema.validate(broken, schema)


def test_compose_runs_app_servers_from_the_dockerfile_behind_the_proxy():
    apps = app_services()
    assert len(apps) >= 2
    for service in apps.values():
        assert service["build"] == "." and "ports" not in service, "app servers are reached through the proxy only"
    subnet = ipaddress.ip_network(COMPOSE["networks"]["exodus"]["ipam"]["config"][0]["subnet"])
    addresses = [ipaddress.ip_address(u.split(":")[0]) for u in compose_upstreams()]
    assert len(set(addresses)) == len(apps) and all(a in subnet for a in addresses)
    proxy = COMPOSE["services"]["proxy"]
    assert proxy["build"]["dockerfile"] == "deploy/proxy.Dockerfile"
    assert {name: c["condition"] for name, c in proxy["depends_on"].items()} == {n: "service_healthy" for n in apps}
    assert "HEALTHCHECK" in (ROOT / "Dockerfile").read_text() and HEALTH in (ROOT / "Dockerfile").read_text()


def test_compose_proxy_configuration_is_rendered_from_the_template():
    committed = (ROOT / "deploy" / "nginx-compose.conf").read_text()
    rendered = proxy_config.render(compose_upstreams(), "8080", error_log="stderr")
    assert committed == rendered, ("deploy/nginx-compose.conf is out of date: python -m exodus.ops.serve --print-config "
                                   + " ".join(f"--upstream {u}" for u in compose_upstreams()) + " > deploy/nginx-compose.conf")
    assert "COPY deploy/nginx-compose.conf nginx.conf" in (ROOT / "deploy" / "proxy.Dockerfile").read_text()


# --- the nginx configuration ----------------------------------------------------------------

def test_proxy_upload_limit_is_the_apps():
    config = proxy_config.render(["127.0.0.1:1"], "127.0.0.1:2")
    streamlit = (ROOT / ".streamlit" / "config.toml").read_text()
    app_limit = int(re.search(r"^maxUploadSize = (\d+)$", streamlit, re.M).group(1))
    assert re.findall(r"client_max_body_size (\S+);", config) == [f"{app_limit}m"]


def test_inline_scripts_are_allowed_by_their_hash_and_no_other():
    html = '<script src="a.js"></script><script>\n  window.x = 1\n</script><script type="module">y()</script>'
    # base64 sha256 of the exact text of each inline script (hashlib, outside the code under test):
    assert proxy_config.inline_script_hashes(html) == [
        "'sha256-9drQX42/rMuCwOCH/ydXOJ/IpVUloMeSNPc4MfJKROY='", "'sha256-nwG+cZ8J4yZ7RZ4RWxVDwCwkMn9GJelY2VgKXNi2Uvk='"]
    real = proxy_config.streamlit_index_html()
    assert len(proxy_config.inline_script_hashes(real)) == real.count("<script>")


def test_servers_are_given_by_address():
    with pytest.raises(ValueError, match="address"):
        proxy_config.render(["app1:8501"], "8080")  # $upstream_addr would never match a name


def test_cookie_names_the_server_that_answered():
    config = proxy_config.render(["10.0.0.1:8501", "10.0.0.11:8501"], "8080")
    routes = dict(re.findall(r"^        (\d+) (exodus_\d+);$", config, re.M))
    assert routes == {"1": "exodus_1", "2": "exodus_2"}
    served_by = re.search(r"map \$upstream_addr \$exodus_served_by \{(.*?)\}", config, re.S).group(1)
    patterns = dict(re.findall(r'"~(.+?)" (\d+);', served_by))  # nginx PCRE, read here by Python re
    for addresses, server in [("10.0.0.1:8501", "1"), ("10.0.0.11:8501", "2"), ("10.0.0.11:8501, 10.0.0.1:8501", "1"),
                              ("110.0.0.1:8501", None)]:
        matched = [n for p, n in patterns.items() if re.search(p, addresses)]
        assert matched == ([server] if server else []), (addresses, matched)
    for number, upstream in [("1", "10.0.0.1:8501"), ("2", "10.0.0.11:8501")]:
        group = re.search(rf"upstream exodus_{number} \{{(.*?)\}}", config, re.S).group(1)
        assert re.findall(r"server (\S+) (?!backup)", group) == [upstream]  # its own server first, the others as backup
        assert len(re.findall(r" backup;", group)) == 1


def test_frame_policy_follows_the_frame_ancestors():
    assert proxy_config.frame_options("'self'") == "SAMEORIGIN"
    assert proxy_config.frame_options("'none'") == "DENY"
    embedded = proxy_config.render(["127.0.0.1:1"], "2", frame_ancestors="'self' https://news.example")
    assert "frame-ancestors 'self' https://news.example\"" in embedded and "X-Frame-Options" not in embedded.replace(
        "# no X-Frame-Options", "")
    with pytest.raises(ValueError):
        proxy_config.render(["127.0.0.1:1"], "2", frame_ancestors="'self'\"; add_header X 1")


@pytest.mark.skipif(serve.find_nginx() is None, reason="nginx is not installed (make proxy)")
@pytest.mark.parametrize("which", ["launcher", "compose"])
def test_nginx_accepts_the_configuration(tmp_path: Path, which: str):
    if which == "launcher":
        config = proxy_config.render(["127.0.0.1:8601", "127.0.0.1:8602"], "127.0.0.1:8600")
    else:
        config = (ROOT / "deploy" / "nginx-compose.conf").read_text()
    (tmp_path / "tmp").mkdir()
    (tmp_path / "nginx.conf").write_text(config)
    check = subprocess.run([serve.find_nginx(), "-p", str(tmp_path), "-c", "nginx.conf", "-e", "stderr", "-t"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


# --- Kubernetes -----------------------------------------------------------------------------

CORE = [(f, d) for f, d in manifests() if not d["apiVersion"].startswith("traefik.io/")]


@pytest.mark.parametrize("name, doc", CORE, ids=[f"{f}:{d['kind']}/{d['metadata']['name']}" for f, d in CORE])
def test_manifest_follows_the_kubernetes_schema(name: str, doc: dict):
    kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_kubernetes_schema_check_bites():
    deployment = one("Deployment")
    wrong = json.loads(json.dumps(deployment))
    wrong["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["pathh"] = HEALTH
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(wrong, K8S_VERSION, strict=True)


def test_every_resource_is_in_one_namespace():
    namespace = one("Namespace")["metadata"]["name"]
    assert {d["metadata"].get("namespace") for _, d in manifests() if d["kind"] != "Namespace"} == {namespace}


def test_deployment_probes_the_health_endpoint_and_the_service_selects_its_pods():
    deployment, service = one("Deployment"), one("Service")
    pod = deployment["spec"]["template"]
    labels = pod["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()
    container = pod["spec"]["containers"][0]
    port_names = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert port_names == {"http": 8501}
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": HEALTH, "port": "http"}, probe
    assert [p["targetPort"] for p in service["spec"]["ports"]] == ["http"]
    assert container["resources"]["requests"]["cpu"], "the autoscaler measures CPU against the request"


def test_autoscaler_scales_the_deployment_on_cpu():
    hpa, deployment = one("HorizontalPodAutoscaler"), one("Deployment")
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert [m["resource"]["name"] for m in hpa["spec"]["metrics"]] == ["cpu"]
    assert hpa["spec"]["minReplicas"] >= 2


def test_ingress_keeps_visitors_on_one_pod_and_applies_the_proxy_rules():
    service = one("Service")
    annotations = service["metadata"]["annotations"]
    prefix = "traefik.ingress.kubernetes.io/service.sticky.cookie"
    assert annotations[prefix] == "true" and annotations[prefix + ".name"] == "exodus_affinity"
    namespace = one("Namespace")["metadata"]["name"]
    middlewares = {d["metadata"]["name"]: d["spec"] for _, d in manifests() if d["kind"] == "Middleware"}
    routes = {}
    for _, ingress in [(f, d) for f, d in manifests() if d["kind"] == "Ingress"]:
        refs = ingress["metadata"]["annotations"]["traefik.ingress.kubernetes.io/router.middlewares"].split(",")
        names = [re.fullmatch(rf"{namespace}-(.+)@kubernetescrd", r).group(1) for r in refs]
        assert set(names) <= set(middlewares), names
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                assert path["backend"]["service"] == {"name": service["metadata"]["name"], "port": {"name": "http"}}
                routes[path["path"]] = names
    assert {"headers", "upload-limit"} <= set(routes["/"])
    assert routes["/_stcore/metrics"] == ["deny-all"]
    assert middlewares["deny-all"]["ipAllowList"]["sourceRange"] == ["127.0.0.1/32"]


def test_traefik_middlewares_match_the_nginx_rules():
    middlewares = {d["metadata"]["name"]: d["spec"] for _, d in manifests() if d["kind"] == "Middleware"}
    known = {"headers": {"contentSecurityPolicy", "customFrameOptionsValue", "contentTypeNosniff", "referrerPolicy"},
             "buffering": {"maxRequestBodyBytes"}, "ipAllowList": {"sourceRange"}}
    for name, spec in middlewares.items():
        for kind, fields in spec.items():
            assert set(fields) <= known[kind], (name, kind, fields)
    headers = middlewares["headers"]["headers"]
    assert headers["contentSecurityPolicy"] == proxy_config.content_security_policy()
    assert headers["customFrameOptionsValue"] == proxy_config.frame_options(proxy_config.DEFAULT_FRAME_ANCESTORS)
    assert middlewares["upload-limit"]["buffering"]["maxRequestBodyBytes"] == proxy_config.max_upload_mb() * MIB


def test_readme_documents_the_launcher_and_make_serve():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^serve: .*\bproxy\b.*\n\t.*-m exodus.ops.serve --replicas \$\(REPLICAS\)", makefile, re.M)
    assert re.search(r"^test: .*\bproxy\b", makefile, re.M), "make test must install nginx for the proxy tests"
    assert "make serve REPLICAS=" in readme and "## Running several servers" in readme
    options = re.findall(r"add_argument\(\"(--[a-z-]+)\"", (ROOT / "exodus" / "ops" / "serve.py").read_text())
    assert len(options) >= 8
    for option in options:
        assert f"{option}" in readme, f"README does not mention exodus.ops.serve {option}"
