"""Grafana: provisioned data sources and dashboards that load and point at them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.conftest import DEPLOY
from tests.deploy.conftest import load_yaml

GRAFANA = DEPLOY / "grafana"
DASHBOARD_FILES = sorted((GRAFANA / "dashboards").glob("*.json"))


def _datasources() -> dict[str, dict]:
    data = load_yaml(GRAFANA / "provisioning" / "datasources" / "datasources.yml")
    assert isinstance(data, dict)
    return {source["uid"]: source for source in data["datasources"]}


def _panels(panels: list[dict]) -> Iterator[dict]:
    for panel in panels:
        yield panel
        yield from _panels(panel.get("panels", []))


def _load(path: Path) -> dict:
    data = json.loads(path.read_text())
    assert isinstance(data, dict)
    return data


def test_the_four_dashboards_and_the_logs_view_exist() -> None:
    uids = {_load(path)["uid"] for path in DASHBOARD_FILES}
    assert {"chef-web", "chef-jobs", "chef-system", "chef-business", "chef-logs"} <= uids


@pytest.mark.parametrize("path", DASHBOARD_FILES, ids=lambda path: path.name)
def test_dashboard_parses_and_every_datasource_is_provisioned(path: Path) -> None:
    dashboard = _load(path)
    known = set(_datasources())
    assert dashboard["uid"]
    assert dashboard["title"]
    panels = list(_panels(dashboard["panels"]))
    assert panels
    for panel in panels:
        if panel["type"] == "row":
            continue
        assert panel["datasource"]["uid"] in known, f"{panel['title']}: unknown datasource"
        assert panel["targets"], f"{panel['title']} has no query"
        for target in panel["targets"]:
            assert target["datasource"]["uid"] in known, panel["title"]
            assert target["expr"].strip(), panel["title"]
    for variable in dashboard.get("templating", {}).get("list", []):
        if "datasource" in variable:
            assert variable["datasource"]["uid"] in known, variable["name"]


def test_panel_ids_and_dashboard_uids_are_unique() -> None:
    uids = [_load(path)["uid"] for path in DASHBOARD_FILES]
    assert len(uids) == len(set(uids))
    for path in DASHBOARD_FILES:
        ids = [panel["id"] for panel in _panels(_load(path)["panels"])]
        assert len(ids) == len(set(ids)), path.name


def test_logs_from_loki_are_on_the_dashboards() -> None:
    logs_panels = [
        panel
        for path in DASHBOARD_FILES
        for panel in _panels(_load(path)["panels"])
        if panel["type"] == "logs"
    ]
    assert logs_panels
    assert all(panel["datasource"]["uid"] == "loki" for panel in logs_panels)


def test_datasources_point_at_compose_services(compose_config: dict) -> None:
    services = compose_config["services"]
    for source in _datasources().values():
        host = source["url"].split("//")[1].split(":")[0]
        assert host in services, source["name"]
        assert "monitoring" in services[host]["networks"], source["name"]
    assert _datasources()["prometheus"]["isDefault"] is True


def test_dashboards_are_mounted_where_the_provider_reads_them(compose_raw: dict) -> None:
    provider = load_yaml(GRAFANA / "provisioning" / "dashboards" / "dashboards.yml")
    assert isinstance(provider, dict)
    path = provider["providers"][0]["options"]["path"]
    grafana = compose_raw["services"]["grafana"]
    assert f"./deploy/grafana/dashboards:{path}:ro" in grafana["volumes"]
    assert "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro" in grafana["volumes"]
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home.startswith(path + "/")
    assert (GRAFANA / "dashboards" / Path(home).name).is_file()


def test_loki_and_promtail_configs_fit_together(compose_raw: dict) -> None:
    loki = load_yaml(DEPLOY / "loki" / "config.yml")
    promtail = load_yaml(DEPLOY / "promtail" / "config.yml")
    assert isinstance(loki, dict)
    assert isinstance(promtail, dict)
    port = loki["server"]["http_listen_port"]
    assert promtail["clients"][0]["url"] == f"http://loki:{port}/loki/api/v1/push"
    assert loki["compactor"]["retention_enabled"] is True
    job = promtail["scrape_configs"][0]
    assert job["docker_sd_configs"][0]["host"] == "unix:///var/run/docker.sock"
    labels = {rule["target_label"] for rule in job["relabel_configs"]}
    assert {"service", "container"} <= labels
    stages = [next(iter(stage)) for stage in job["pipeline_stages"]]
    assert stages[0] == "json"
    assert "labels" in stages
    promtail_service = compose_raw["services"]["promtail"]
    assert "/var/run/docker.sock:/var/run/docker.sock:ro" in promtail_service["volumes"]
