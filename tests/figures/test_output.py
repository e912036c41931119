"""Writing figures: byte-identical files, atomic writes, LaTeX snippets, and an
import that does not need matplotlib."""

import importlib.util
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from momentum_sym.figures import FIGURES, latex_include, names, render, spec, write_figures

HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
needs_matplotlib = pytest.mark.skipif(not HAS_MATPLOTLIB,
                                      reason="matplotlib (the 'plots' extra) is not installed")


@needs_matplotlib
@pytest.mark.parametrize("name", names())
def test_drawing_is_byte_identical(figure_data, name):
    """Two drawings of the same data give the same bytes."""
    first = render(name, figure_data(name), formats=("pdf", "svg"))
    second = render(spec(name), figure_data(name), formats=("pdf", "svg"))
    assert set(first) == {"pdf", "svg"}
    for fmt, content in first.items():
        assert content == second[fmt], f"{name}.{fmt} differs between two drawings"


@needs_matplotlib
@pytest.mark.parametrize("name", names())
def test_data_are_deterministic(figure_data, name):
    assert spec(name).data() == figure_data(name)


@needs_matplotlib
def test_write_figures_twice_gives_identical_files(tmp_path):
    """write_figures end to end, twice (one figure, to keep the test short); no temporary
    files are left and nothing in the output carries a date or a version."""
    first = write_figures(tmp_path / "a", names=["loss-decomposition"])
    second = write_figures(tmp_path / "b", names=["loss-decomposition"])
    assert [p.name for p in first] == ["loss-decomposition.pdf", "loss-decomposition.svg"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        assert a.parent == tmp_path / "a" / "figures"
    assert sorted(os.listdir(tmp_path / "a" / "figures")) == [p.name for p in first]
    pdf, svg = (p.read_bytes() for p in first)
    assert b"CreationDate" not in pdf and b"Producer" not in pdf and b"matplotlib" not in pdf
    assert b"<dc:date>" not in svg and b"Matplotlib" not in svg
    assert b"FontFile2" in pdf and b"DejaVuSans" in pdf  # TrueType, embedded
    assert pdf.startswith(b"%PDF-") and svg.startswith(b"<?xml")


@needs_matplotlib
def test_writing_changes_no_global_matplotlib_state(tmp_path, figure_data):
    import matplotlib

    def state():
        # dict.items, not rcParams[...]: reading "backend" through rcParams resolves it
        # (and imports pyplot), which is the kind of change this test looks for
        from matplotlib.mathtext import MathTextParser

        return ("matplotlib.pyplot" in sys.modules, dict(dict.items(matplotlib.rcParams)),
                MathTextParser.__dict__["_parse_cached"])

    before = state()
    render(spec("loss-decomposition"), figure_data("loss-decomposition"))
    assert state() == before


@pytest.mark.parametrize("name", names())
def test_latex_include(name):
    snippet = latex_include(name)
    assert snippet.startswith("\\begin{figure}") and snippet.rstrip().endswith("\\end{figure}")
    assert f"\\includegraphics[width=\\linewidth]{{figures/{name}.pdf}}" in snippet
    assert f"\\label{{fig:{name}}}" in snippet
    assert spec(name).caption in snippet
    assert snippet.count("{") == snippet.count("}")
    assert spec(name).caption.count("$") % 2 == 0


def test_unknown_figure_is_a_clear_error():
    with pytest.raises(KeyError, match="no figure 'nope'"):
        latex_include("nope")


@needs_matplotlib
@pytest.mark.parametrize("names, formats, error", [
    (["nope"], ("pdf",), KeyError),
    (["loss-decomposition"], ("jpeg",), ValueError),
])
def test_write_figures_rejects_bad_requests_before_writing(tmp_path, names, formats, error):
    with pytest.raises(error):
        write_figures(tmp_path, names=names, formats=formats)
    assert not (tmp_path / "figures").exists()


@needs_matplotlib
def test_png_for_viewing(figure_data):
    png = render("loss-decomposition", figure_data("loss-decomposition"), formats=("png",))["png"]
    assert png.startswith(b"\x89PNG") and b"Software" not in png


def test_imports_and_computes_data_without_matplotlib():
    """With matplotlib unimportable the package imports, data functions work, and
    drawing says what to install."""
    code = textwrap.dedent("""
        import sys
        sys.modules["matplotlib"] = None
        import momentum_sym.figures as figures
        d = figures.spec("loss-decomposition").data()
        assert len(d.total) == 41
        try:
            figures.write_figures("unused")
        except figures.MatplotlibMissing as error:
            assert "plots" in str(error)
        else:
            raise SystemExit("write_figures did not fail without matplotlib")
        assert sys.modules["matplotlib"] is None
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_every_figure_has_both_captions():
    for figure in FIGURES:
        assert figure.caption and figure.caption_text
        assert "TODO" not in figure.caption + figure.caption_text


@needs_matplotlib
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_document_with_every_figure_compiles(tmp_path):
    write_figures(tmp_path, formats=("pdf",))
    body = "\n".join(latex_include(name) for name in names())
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage{graphicx}\n\\begin{document}\n"
        f"{body}\n\\end{{document}}\n")
    done = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 10_000


@needs_matplotlib
@pytest.mark.parametrize("name", ["loss-decomposition", "rate-landscape"])
def test_shared_mathtext_layouts_change_no_byte(figure_data, name, monkeypatch):
    """The layouts shared between renderers are the ones each would have made: the bytes
    equal a drawing where each renderer lays out its own (as with a matplotlib whose
    private method differs)."""
    from momentum_sym.figures import shared_mathtext

    monkeypatch.setattr(shared_mathtext, "_LAYOUTS", {})
    shared = render(name, figure_data(name), formats=("pdf", "svg"))
    assert len(shared_mathtext._LAYOUTS) > 0  # the shared cache was used
    monkeypatch.setattr(shared_mathtext, "_ARGUMENTS", ["another", "signature"])
    monkeypatch.setattr(shared_mathtext, "_LAYOUTS", {})
    own = render(name, figure_data(name), formats=("pdf", "svg"))
    assert shared_mathtext._LAYOUTS == {}  # ... and here it was not
    assert shared == own
