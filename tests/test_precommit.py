"""The pre-commit hook checks what `kehoach validate plans/` checks (issue 10 item 2), driven
through the real pre-commit (PyPI) in a temporary git repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from kehoach import __version__
from kehoach.cli import app
from kehoach.validate import expand

PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
BIN = str(Path(sys.executable).parent)

if PRE_COMMIT is None:  # the test extra installs it; say so loudly rather than pass quietly
    pytest.skip("SKIPPED LOUDLY: pre-commit is not installed (pip install -e '.[test]')",
                allow_module_level=True)


def _readme_recipe() -> dict:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "kehoach-validate" in b)
    return yaml.safe_load(block)


def _manifest_as_local() -> dict:
    """The shipped .pre-commit-hooks.yaml, run as a local hook with the installed kehoach (the
    same id, entry and file patterns; pre-commit would otherwise build a venv from the network)."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {"repos": [{"repo": "local", "hooks": [{**hook, "language": "system"}]}]}


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=_env(repo))


def _env(repo: Path) -> dict:
    return {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
            "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"), "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org", "NO_COLOR": "1"}


@pytest.fixture(params=["readme", "manifest"])
def repo(tmp_path, request):
    repo = tmp_path / "plans-repo"
    (repo / "plans").mkdir(parents=True)
    for name in ("2024.yaml", "2024.progress.yaml"):
        shutil.copy(ROOT / "plans" / name, repo / "plans" / name)
    config = _readme_recipe() if request.param == "readme" else _manifest_as_local()
    text = yaml.safe_dump(config, allow_unicode=True)
    (repo / ".pre-commit-config.yaml").write_text(text, encoding="utf-8")
    assert _git(repo, "init", "-q").returncode == 0
    _git(repo, "add", "-A")
    first = _git(repo, "commit", "-qm", "start", "--no-verify")
    assert first.returncode == 0, first.stderr
    hook = subprocess.run([PRE_COMMIT, "install"], cwd=repo, capture_output=True, text=True, env=_env(repo))
    assert hook.returncode == 0, hook.stdout + hook.stderr
    return repo


def _commit(repo: Path) -> subprocess.CompletedProcess:
    _git(repo, "add", "-A")
    return _git(repo, "commit", "-qm", "change")


def test_a_bad_status_in_the_progress_file_alone_is_caught(repo):
    progress = repo / "plans" / "2024.progress.yaml"
    text = progress.read_text(encoding="utf-8").replace("status: in-progress", "status: finished", 1)
    progress.write_text(text, encoding="utf-8")
    result = _commit(repo)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert "kehoach validate" in out and "Failed" in out
    assert "2024.progress.yaml" in out and "finished" in out
    assert _git(repo, "log", "--oneline").stdout.count("\n") == 1  # nothing committed


def test_a_good_progress_record_commits(repo):
    progress = repo / "plans" / "2024.progress.yaml"
    progress.write_text(progress.read_text(encoding="utf-8").rstrip("\n") + "\n\n  - date: 2024-12-30\n"
                        "    task: viet-bai\n    status: done\n", encoding="utf-8")
    result = _commit(repo)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "Passed" in out and "no files to check" not in out


def test_a_catalogue_is_never_checked_as_a_plan(repo):
    shutil.copy(ROOT / "src" / "kehoach" / "catalogues" / "giam-ngheo-2021-2025.yaml",
                repo / "plans" / "rieng.catalogue.yaml")
    result = _commit(repo)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "lỗi[" not in out


def test_a_broken_plan_is_refused(repo):
    plan = repo / "plans" / "2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("total: 13_000_000", "total: 13_000_001"),
                    encoding="utf-8")
    result = _commit(repo)
    assert result.returncode != 0 and "KH201" in result.stdout + result.stderr


def _broken_line(path: Path) -> int:
    return path.read_text(encoding="utf-8").splitlines().index("    titel: x") + 1


def _broken_catalogue(path: Path) -> None:
    text = (ROOT / "src" / "kehoach" / "catalogues" / "giam-ngheo-2021-2025.yaml").read_text(encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(re.sub(r"(?m)^    title: Đa dạng hóa sinh kế.*$", "    titel: x", text, count=1),
                    encoding="utf-8")


@pytest.mark.parametrize(("catalogue", "programme"), [
    ("plans/danh-muc/rieng.catalogue.yaml", "danh-muc/rieng.catalogue.yaml"),  # below its plan
])
def test_a_broken_catalogue_in_another_folder_is_caught(repo, catalogue, programme):
    plan = repo / "plans" / "2024.yaml"
    plan.write_text(re.sub(r"(?m)^programme: .*$", f"programme: {programme}",
                           plan.read_text(encoding="utf-8")), encoding="utf-8")
    _git(repo, "add", "-A")
    assert _git(repo, "commit", "-qm", "x", "--no-verify").returncode == 0
    _broken_catalogue(repo / catalogue)  # then only the catalogue changes
    result = _commit(repo)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    # at the catalogue's own line, by the path as given (issue 28): not absolute, not `programme:`
    line = _broken_line(repo / catalogue)
    assert f"lỗi[KH109]: {catalogue}:{line}:5" in out, out
    assert str(repo) not in out and "plans/2024.yaml:" not in out


@pytest.mark.parametrize("how", ["deleted", "renamed"])
def test_a_plan_deleted_beside_its_companions_is_caught(repo, how):
    """pre-commit passes no deleted path: the hook (always run, --hook) asks git, and both the
    progress and the report file left behind are reported (issue 28, class 10)."""
    shutil.copy(ROOT / "plans" / "2024.report.yaml", repo / "plans" / "2024.report.yaml")
    _git(repo, "add", "-A")
    assert _git(repo, "commit", "-qm", "report", "--no-verify").returncode == 0
    if how == "deleted":
        _git(repo, "rm", "-q", "plans/2024.yaml")
    else:
        _git(repo, "mv", "plans/2024.yaml", "plans/2024-cu.yaml")
    result = _git(repo, "commit", "-qm", how)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    for companion in ("plans/2024.progress.yaml", "plans/2024.report.yaml"):
        assert f"lỗi[KH001]: {companion}" in out, out
    assert _git(repo, "log", "--oneline").stdout.count("\n") == 2  # nothing committed
    whole = CliRunner().invoke(app, ["validate", str(repo / "plans"), "-f", "parsable"])
    assert whole.exit_code == 2 and whole.output.count("KH001") == 2  # what the hook prevented


def test_a_deletion_in_a_pushed_range_is_caught(repo):
    """`pre-commit run --from-ref A --to-ref B` (CI, pre-push): the range's deletions count."""
    _git(repo, "rm", "-q", "plans/2024.yaml")
    assert _git(repo, "commit", "-qm", "bỏ kế hoạch", "--no-verify").returncode == 0
    result = subprocess.run([PRE_COMMIT, "run", "--from-ref", "HEAD~1", "--to-ref", "HEAD"], cwd=repo,
                            capture_output=True, text=True, env=_env(repo), timeout=600)
    assert result.returncode != 0 and "plans/2024.progress.yaml" in result.stdout, result.stdout


def test_a_commit_touching_no_plan_still_passes(repo):
    (repo / "README.md").write_text("kho kế hoạch\n", encoding="utf-8")
    result = _commit(repo)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_progress_file_without_its_plan_is_caught_at_that_file(repo):
    shutil.copy(repo / "plans" / "2024.progress.yaml", repo / "plans" / "2023.progress.yaml")
    result = _commit(repo)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert "plans/2023.progress.yaml" in out and "không có kế hoạch `2023.yaml`" in out


# ---- the same mapping without pre-commit ---------------------------------------------------------

def test_validate_a_folder_says_what_the_hook_says(tmp_path, monkeypatch):
    """`validate plans/` and the hook's file-by-file run agree: a catalogue one folder up from
    its plan, a progress file without its plan, a dangling link and a FIFO named .yaml are all
    reported, never skipped."""
    plans = tmp_path / "plans"
    (plans / "xa1").mkdir(parents=True)
    plan = plans / "xa1" / "2024.yaml"
    plan.write_text(re.sub(r"(?m)^programme: .*$", "programme: ../chung.catalogue.yaml",
                           (ROOT / "plans" / "2024.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    _broken_catalogue(plans / "chung.catalogue.yaml")
    shutil.copy(ROOT / "plans" / "2024.progress.yaml", plans / "2023.progress.yaml")
    (plans / "mat.yaml").symlink_to("khong-co.yaml")
    os.mkfifo(plans / "ong.yaml")
    monkeypatch.chdir(tmp_path)
    whole = CliRunner().invoke(app, ["validate", "plans", "-f", "parsable"])
    assert whole.exit_code != 0
    reported = {line.split(":")[0] for line in whole.output.splitlines()}
    assert reported == {"plans/chung.catalogue.yaml", "plans/2023.progress.yaml", "plans/mat.yaml",
                        "plans/ong.yaml"}
    for changed in ("plans/chung.catalogue.yaml", "plans/2023.progress.yaml"):
        alone = CliRunner().invoke(app, ["validate", changed, "-f", "parsable"])
        assert alone.exit_code != 0 and alone.output.strip(), changed
        assert {line for line in alone.output.splitlines()} <= set(whole.output.splitlines())


def test_validate_a_progress_file_checks_it_against_its_plan(tmp_path):
    for name in ("2024.yaml", "2024.progress.yaml"):
        shutil.copy(ROOT / "plans" / name, tmp_path / name)
    progress = tmp_path / "2024.progress.yaml"
    result = CliRunner().invoke(app, ["validate", str(progress)])
    assert result.exit_code == 0, result.output
    assert "Không có lỗi (1 tệp)." in result.output
    text = progress.read_text(encoding="utf-8").replace("status: in-progress", "status: xong", 1)
    progress.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(progress), "-f", "parsable"])
    assert result.exit_code == 1
    assert all(line.startswith(str(progress)) for line in result.output.splitlines()), result.output
    assert "KH0" not in result.output  # no bogus "this is not a plan" errors


def test_expand_maps_companions_to_their_plans_once(tmp_path):
    for name in ("2024.yaml", "2024.progress.yaml", "2025.yaml", "rieng.catalogue.yaml", "2024.report.yaml"):
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "2025.yaml").write_text("programme: rieng.catalogue.yaml  # dùng danh mục riêng\n",
                                        encoding="utf-8")
    names = ("2024.progress.yaml", "2024.yaml", "rieng.catalogue.yaml", "2024.report.yaml")
    given = [tmp_path / n for n in names]
    assert [p.name for p in expand(given)] == ["2024.yaml", "2025.yaml"]
    assert [p.name for p in expand([tmp_path])] == ["2024.yaml", "2025.yaml"]


def test_a_catalogue_alone_without_plans_is_not_an_error(tmp_path):
    catalogue = tmp_path / "rieng.catalogue.yaml"
    catalogue.write_text("x: 1\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(catalogue)])
    assert result.exit_code == 0, result.output


# ---- the README's remote recipe: pre-commit installs kehoach itself ------------------------------

def _readme_remote() -> dict:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", readme, re.S)
              if "kehoach-validate" in b]
    (remote,) = [b for b in blocks if b["repos"][0]["repo"].startswith("https://")]
    return remote


def _project_version(text: str) -> str:
    return tomllib.loads(text)["project"]["version"]


def test_the_readme_pin_is_the_version_tag():
    """Issue 26 item 6: the README's `rev:` is the tag `v` + the package's version, so the pin
    moves with every release (the release step is in the README's contributors section)."""
    rev = _readme_remote()["repos"][0]["rev"]
    version = _project_version((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert version == __version__
    assert rev == f"v{version}", f"README pins {rev!r}; the package is {version}: pin v{version}"


def test_the_readme_remote_recipe_names_a_revision_that_exists_and_works(tmp_path):
    """The README's `rev:` is a tag of this repository made with that version (its pyproject.toml
    says so) whose manifest has the hook; pre-commit, given this checkout for the URL, clones
    that tag, builds kehoach and checks a plan with it."""
    config = _readme_remote()
    rev = config["repos"][0]["rev"]
    if not (ROOT / ".git").exists():
        pytest.skip("SKIPPED LOUDLY: not a git checkout, so the README's rev cannot be looked up")
    found = subprocess.run(["git", "rev-parse", "-q", "--verify", f"refs/tags/{rev}^{{commit}}"], cwd=ROOT,
                           capture_output=True, text=True)
    if found.returncode != 0:
        shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT,
                                 capture_output=True, text=True).stdout.strip() == "true"
        pytest.skip(f"SKIPPED LOUDLY: the README pins the tag {rev}, which this "
                    f"{'shallow clone' if shallow else 'checkout'} does not have yet. Release step "
                    f"(README, contributors): git tag -a {rev} -m 'kehoach {rev[1:]}' on the commit "
                    "that carries this version, then push the tag.")
    tagged = subprocess.run(["git", "show", f"{rev}:pyproject.toml"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout
    assert f"v{_project_version(tagged)}" == rev, f"the tag {rev} was made on a commit of another version"
    manifest = subprocess.run(["git", "show", f"{rev}:.pre-commit-hooks.yaml"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
    assert [h["id"] for h in yaml.safe_load(manifest)] == ["kehoach-validate"]

    repo = tmp_path / "plans-repo"
    (repo / "plans").mkdir(parents=True)
    shutil.copy(ROOT / "plans" / "2024.yaml", repo / "plans" / "2024.yaml")
    config["repos"][0]["repo"] = str(ROOT)  # this checkout stands for the published repository
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    good = subprocess.run([PRE_COMMIT, "run", "--all-files"], cwd=repo, capture_output=True, text=True,
                          env=_env(repo), timeout=600)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
    plan = repo / "plans" / "2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("total: 13_000_000", "total: 13_000_001"),
                    encoding="utf-8")
    bad = subprocess.run([PRE_COMMIT, "run", "--all-files"], cwd=repo, capture_output=True, text=True,
                         env=_env(repo), timeout=600)
    assert bad.returncode != 0 and "KH201" in bad.stdout + bad.stderr
