"""Every template transforms with SAM and lints clean; every code path exists and every handler imports."""

import pytest

from infra import checks

TEMPLATES = checks.templates()


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_template_transforms_and_lints_clean(path):
    # Given a template of ours / When it is transformed by SAM and linted / Then nothing is reported
    assert checks.lint_problems(path) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_every_local_code_path_exists(path):
    assert checks.missing_paths(path) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: path.name)
def test_every_handler_imports(path):
    assert checks.handler_problems(path) == []


def test_the_checks_catch_a_broken_template(tmp_path):
    # Given a template with a function on an unknown runtime and a missing code folder
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n"
        "  Fn:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties:\n"
        "      CodeUri: nowhere/\n"
        "      Handler: app.lambda_handler\n"
        "      Runtime: python2.1\n"
    )
    # When it is checked / Then the runtime and the missing path are both reported
    assert any("python2.1" in problem for problem in checks.lint_problems(broken))
    assert checks.missing_paths(broken) == ["broken.yaml: Fn.CodeUri nowhere/ does not exist"]
    assert "missing" in checks.handler_problems(broken)[0]
