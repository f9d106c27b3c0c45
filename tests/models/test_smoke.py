from models.files import scenario_to_json


def test_demo_scenario_loads(demo):
    assert len(demo.agents) == 16
    assert scenario_to_json(demo)["format"] == "coverage-scheduler/scenario"
