"""The registry's declared metadata (ids, titles, sections, the commands' help) is what
the derivations and the command modules themselves say, so that ``list`` and
``--help`` can answer without importing the mathematics and never drift."""

import subprocess
import sys

import pytest

import momentum_sym
from momentum_sym import cli
from momentum_sym.kernel.registry import Entry, Registry, UnknownResult
from momentum_sym.results import REGISTRY, sections
from momentum_sym.results.titles import TITLES


def test_every_id_declares_its_title_and_section():
    missing = [id for id in momentum_sym.ids() if REGISTRY.entry(id).title is None]
    assert not missing, f"add these ids to momentum_sym/results/titles.py: {missing}"
    assert all(REGISTRY.section(id) for id in momentum_sym.ids())
    assert set(TITLES) <= set(momentum_sym.ids()), "titles of ids that are not registered"


@pytest.mark.parametrize("id", momentum_sym.ids())
def test_declared_title_is_the_derivations(id):
    assert REGISTRY.entry(id).title == momentum_sym.get(id).title


def test_sections_follow_the_registry_order():
    listed = [id for _, ids in sections() for id in ids]
    assert listed == list(momentum_sym.ids())
    for section, ids in sections():
        assert all(REGISTRY.section(id) == section for id in ids)


def _fake(id: str, title: str = "A title"):
    class Fake:
        pass

    fake = Fake()
    fake.id, fake.title = id, title
    return fake


REGISTRY_CASES = [
    # entries, id asked, expected title (None: UnknownResult)
    ([Entry("a", lambda: _fake("a"), "A title")], "a", "A title"),
    ([Entry("b", lambda: _fake("b", "Derived"))], "b", "Derived"),  # found by deriving
    ([("c", lambda: _fake("c", "Pair"))], "c", "Pair"),  # the (id, loader) form
    ([Entry("a", lambda: _fake("a"), "A title")], "z", None),
]


@pytest.mark.parametrize(("entries", "id", "title"), REGISTRY_CASES)
def test_registry_titles(entries, id, title):
    registry = Registry(entries)
    if title is None:
        with pytest.raises(UnknownResult):
            registry.title(id)
    else:
        assert registry.title(id) == title


def test_a_declared_title_does_not_derive():
    def load():
        raise AssertionError("derived")

    registry = Registry([Entry("nesterov-optimal-parameters", load, "Nesterov: optimal")])
    assert registry.title("nesterov-optimal-parameters") == "Nesterov: optimal"
    assert "nesterov-optimal-parameters" in registry


def test_new_ids_register_and_duplicates_are_refused():
    registry = Registry([("a", lambda: _fake("a"))])
    registry.add(Entry("nesterov-eigenvalues", lambda: _fake("nesterov-eigenvalues"),
                       "Nesterov's eigenvalues", "Other methods"))
    assert registry.ids() == ("a", "nesterov-eigenvalues")
    assert registry.get("nesterov-eigenvalues") is registry.get("nesterov-eigenvalues")
    with pytest.raises(ValueError, match="twice"):
        registry.add(Entry("a", lambda: _fake("a")))


def test_a_loader_that_derives_another_id_is_refused():
    with pytest.raises(ValueError, match="derives"):
        Registry([("a", lambda: _fake("b"))]).get("a")


def _help(parser) -> dict[str, str]:
    (action,) = [a for a in parser._subparsers._group_actions]
    return {choice.dest: choice.help for choice in action._choices_actions}


def test_the_lazy_parser_lists_what_each_command_registers():
    full, lazy = cli.build_parser(), cli.build_parser("")
    assert _help(lazy) == _help(full)
    for command in _help(full):  # each command, configured alone, parses the same
        assert _help(cli.build_parser(command)) == _help(full)


def test_static_names_match_the_renderers():
    from momentum_sym.render import FORMATS
    from momentum_sym.render.build import DEFAULT_OUT

    assert tuple(FORMATS) == cli.SHOW_FORMATS
    assert cli.DEFAULT_OUT == DEFAULT_OUT


def test_defaults_are_the_kernels():
    from momentum_sym.kernel import defaults, verify

    assert (verify.DEFAULT_DPS, verify.DEFAULT_SAMPLES, verify.DEFAULT_SEED) == (
        defaults.DEFAULT_DPS, defaults.DEFAULT_SAMPLES, defaults.DEFAULT_SEED)


LIGHT_COMMANDS = [["list"], ["list", "--sections"], ["--help"], ["show", "--help"],
                  ["verify", "--help"], ["build", "--help"], ["show", "nope"]]


@pytest.mark.parametrize("argv", LIGHT_COMMANDS, ids=" ".join)
def test_metadata_commands_import_no_mathematics(argv):
    script = ("import sys\nfrom momentum_sym.cli import main\n"
              f"code = main({argv!r})\n"
              "heavy = sorted(m for m in ('sympy', 'mpmath', 'flint', 'z3') if m in sys.modules)\n"
              "print('HEAVY', heavy, file=sys.stderr)\n"
              "sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert "HEAVY []" in done.stderr, done.stderr
