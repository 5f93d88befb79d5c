"""The documentation keeps up with the code: a setting, command or option nobody
described fails here, naming what is missing.

These tests read source files, the Markdown under docs/ and the commands' argument
parsers; they need no database.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from pathlib import Path

from django.core.management import load_command_class
from django.core.management.base import BaseCommand

ROOT = Path(__file__).resolve().parents[2]  # the checkout
PACKAGE_DIR = ROOT / "src" / "undersigned"

DOCS = ROOT / "docs"

# os.environ.get("X", …), os.getenv("X"), os.environ["X"], env_bool("X", …),
# env_int("X", …), env_list("X", …)
ENV_READ = re.compile(
    r"""(?:os\.environ\.get\(|os\.getenv\(|os\.environ\[|env_(?:bool|int|list)\()"""
    r"""\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"""
)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def sections(markdown: str, level: int) -> dict[str, str]:
    """Map each heading of ``level`` (its text) to the body under it, up to the next
    heading of the same or a higher level. Fenced code blocks are left out."""
    markdown = re.sub(r"^```.*?^```", "", markdown, flags=re.MULTILINE | re.DOTALL)
    heading = re.compile(rf"^#{{1,{level}}} (.+)$", re.MULTILINE)
    matches = list(heading.finditer(markdown))
    found = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        if len(match.group(0)) - len(match.group(0).lstrip("#")) != level:
            continue
        end = following.start() if following else len(markdown)
        found[match.group(1).strip()] = markdown[match.end() : end]
    return found


def env_variables_read() -> set[str]:
    return set(ENV_READ.findall(read(PACKAGE_DIR / "settings.py")))


def documented_variables() -> dict[str, str]:
    """The ``### `NAME``` sections of docs/settings.md, by variable name."""
    found = {}
    for title, body in sections(read(DOCS / "settings.md"), level=3).items():
        match = re.fullmatch(r"`([A-Za-z_][A-Za-z0-9_]*)`", title)
        if match:
            found[match.group(1)] = body
    return found


def management_commands() -> dict[str, str]:
    """Every project command, by name, with the module of the app that holds it."""
    commands = {}
    for path in sorted(PACKAGE_DIR.glob("*/management/commands/*.py")):
        if not path.stem.startswith("_"):
            commands[path.stem] = f"undersigned.{path.parts[-4]}"
    return commands


def option_strings(app: str, name: str) -> set[str]:
    """The ``--options`` a command adds to those every Django command has."""

    def options(command: BaseCommand, prog_name: str) -> set[str]:
        parser = command.create_parser("undersigned", prog_name)
        # argparse exposes its actions only through this attribute.
        return {
            option
            for action in parser._actions
            for option in action.option_strings
            if option.startswith("--")
        }

    return options(load_command_class(app, name), name) - options(BaseCommand(), "base")


def command_sections() -> dict[str, str]:
    """The ``## `undersigned NAME``` sections of docs/commands.md, by command name."""
    found = {}
    for title, body in sections(read(DOCS / "commands.md"), level=2).items():
        match = re.fullmatch(r"`undersigned ([\w-]+)`", title)
        if match:
            found[match.group(1)] = body
    return found


def test_every_environment_variable_of_the_settings_is_documented():
    read_names = env_variables_read()
    # The pattern itself must keep finding the variables it is meant to find.
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "UNDERSIGNED_ENV"} <= read_names

    missing = sorted(read_names - documented_variables().keys())

    assert not missing, (
        f"src/undersigned/settings.py reads {', '.join(missing)} but docs/settings.md has "
        "no '### `NAME`' section for it"
    )


def test_every_documented_variable_is_still_read():
    stale = sorted(documented_variables().keys() - env_variables_read())

    assert not stale, (
        f"docs/settings.md documents {', '.join(stale)}, which src/undersigned/settings.py "
        "no longer reads"
    )


def test_every_setting_section_gives_a_default_and_an_example():
    incomplete = sorted(
        name
        for name, body in documented_variables().items()
        if "- Default:" not in body or "- Example:" not in body
    )

    assert not incomplete, (
        f"in docs/settings.md, {', '.join(incomplete)} lack a '- Default:' or '- Example:' line"
    )


def test_every_management_command_is_documented():
    commands = management_commands()
    assert {"demo", "serve", "worker", "load_sample_content"} <= commands.keys()

    missing = [f"undersigned {name}" for name in sorted(commands.keys() - command_sections())]

    assert not missing, (
        f"docs/commands.md has no '## `undersigned NAME`' section for {', '.join(missing)}"
    )


def test_every_command_option_is_documented_under_its_command():
    documented = command_sections()
    missing = [
        f"undersigned {name} {option}"
        for name, app in sorted(management_commands().items())
        for option in sorted(option_strings(app, name))
        if f"`{option}" not in documented.get(name, "")
    ]

    assert not missing, (
        f"docs/commands.md does not describe these options in their command's section: "
        f"{', '.join(missing)}"
    )


def test_the_readme_gives_the_two_commands():
    readme = read(ROOT / "README.md")

    missing = [
        command
        for command in ("make demo", "make test")
        if not re.search(rf"{re.escape(command)}(?![\w-])", readme)
    ]

    assert not missing, f"README.md does not mention {', '.join(missing)}"


def test_the_newest_release_in_the_changelog_is_dated():
    headings = re.findall(r"^## (.+)$", read(ROOT / "CHANGELOG.md"), re.MULTILINE)
    releases = [heading for heading in headings if "unreleased" not in heading.lower()]
    assert releases, "CHANGELOG.md has no '## <version> — <date>' heading"

    newest = releases[0]
    date = re.search(r"\b(\d{4}-\d{2}-\d{2})\b", newest)

    assert date, f"the newest CHANGELOG.md heading {newest!r} has no YYYY-MM-DD date"
    datetime.date.fromisoformat(date.group(1))  # a real date, not 2026-13-40


def test_the_newest_release_in_the_changelog_is_the_packages_version():
    headings = re.findall(r"^## (.+)$", read(ROOT / "CHANGELOG.md"), re.MULTILINE)
    newest = next(heading for heading in headings if "unreleased" not in heading.lower())
    project = tomllib.loads(read(ROOT / "pyproject.toml"))["project"]["version"]
    locked = tomllib.loads(read(ROOT / "uv.lock"))["package"]
    (ours,) = [package for package in locked if package["name"] == "undersigned"]

    assert newest.split()[0] == project == ours["version"], (newest, project, ours["version"])


def test_relative_links_in_the_docs_lead_to_files():
    pages = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted(DOCS.glob("*.md"))]
    broken = [
        f"{page.relative_to(ROOT)} → {target}"
        for page in pages
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", read(page))
        if "://" not in target
        and not target.startswith("mailto:")
        and not (page.parent / target).exists()
    ]

    assert not broken, f"links to missing files: {', '.join(broken)}"
