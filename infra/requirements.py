"""Print the runtime requirements of pyproject.toml for the Lambda layer build (declared once, there)."""

import tomllib
from pathlib import Path

if __name__ == "__main__":
    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())["project"]
    print("\n".join(project["dependencies"]))
