"""The book's one stylesheet: small, readable, print-friendly, no web fonts."""

CSS = """\
/* momentum-sym HTML book. Generated; do not edit. */
:root {
  --ink: #1d1d1f; --muted: #5b5b66; --rule: #d8d8de; --paper: #ffffff;
  --tint: #f5f6f8; --link: #1a56a8; --ok: #1c6b33; --warn: #8a5a00; --bad: #a3162a;
}
* { box-sizing: border-box; }
html { font-size: 17px; }
body {
  margin: 0 auto; padding: 1.5rem 1.25rem 3rem; max-width: 52rem;
  color: var(--ink); background: var(--paper);
  font-family: "Iowan Old Style", "Palatino Linotype", Palatino, Georgia, serif;
  line-height: 1.5;
}
nav.top { font-size: 0.9rem; display: flex; gap: 1rem; flex-wrap: wrap;
  border-bottom: 1px solid var(--rule); padding-bottom: 0.5rem; margin-bottom: 1rem; }
nav.top .spacer { flex: 1; }
h1 { font-size: 1.7rem; line-height: 1.2; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid var(--rule); }
a { color: var(--link); }
p.source, p.meta { color: var(--muted); margin: 0.2rem 0; }
code, .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85em; }
math { font-family: "STIX Two Math", "Latin Modern Math", "DejaVu Math TeX Gyre", math; }
math[display="block"] { margin: 0.5rem 0; overflow-x: auto; overflow-y: hidden;
  padding: 0.15rem 0; }
ul.assumptions { padding-left: 1.2rem; }
ul.assumptions li { margin: 0.15rem 0; }
ol.steps { list-style: none; padding: 0; counter-reset: none; }
ol.steps > li { border: 1px solid var(--rule); border-left: 4px solid var(--rule);
  border-radius: 4px; padding: 0.6rem 0.9rem; margin: 0.8rem 0; break-inside: avoid; }
ol.steps > li.proved { border-left-color: var(--ok); }
ol.steps > li.given { border-left-color: var(--muted); }
ol.steps > li.undecided { border-left-color: var(--warn); }
ol.steps > li.failed { border-left-color: var(--bad); }
ol.steps > li:target { background: #fffbe6; }
.step-head { display: flex; gap: 0.6rem; align-items: baseline; flex-wrap: wrap; }
.step-number { font-weight: bold; }
.kind { font-family: sans-serif; font-size: 0.75rem; text-transform: uppercase;
  letter-spacing: 0.04em; background: var(--tint); border: 1px solid var(--rule);
  border-radius: 3px; padding: 0 0.35rem; }
.label { color: var(--muted); font-size: 0.85rem; }
.phrase { font-style: italic; }
.data { margin: 0.2rem 0 0.2rem 1rem; color: var(--muted); font-size: 0.95rem; }
.reason { margin: 0.3rem 0; }
.uses, .check { font-size: 0.9rem; margin: 0.2rem 0; }
.check.proved, .status.proved, .verdict-equivalent, .passed { color: var(--ok); }
.check.undecided, .verdict-limit, .verdict-conditional, .verdict-undecided {
  color: var(--warn); }
.verdict-definition, .verdict-not-a-claim { color: var(--muted); }
.check.failed, .status.failed, .verdict-different, .verdict-unreadable, .missing,
.not-passed { color: var(--bad); }
.check.given { color: var(--muted); }
dl.results dt { font-weight: bold; margin-top: 0.6rem; }
dl.results dt:target, dl.results dt:target + dd { background: #fffbe6; }
dl.results dd { margin-left: 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; font-size: 0.92rem; }
th, td { border: 1px solid var(--rule); padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; }
th { background: var(--tint); }
td math[display="block"] { margin: 0; }
body.wide { max-width: 80rem; }
div.scroll { overflow-x: auto; }
table.audit { font-size: 0.85rem; }
table.audit td:first-child { min-width: 18rem; }
mtd.r { text-align: right; } mtd.l { text-align: left; } mtd.c { text-align: center; }
mtable.rows > mtr > mtd { padding: 0.12em 0; }
mtable.rows > mtr > mtd.lead { text-align: right; padding-right: 0.2em; }
mtable.rows > mtr > mtd.terms { text-align: left; }
.summary { background: var(--tint); border-radius: 4px; padding: 0.6rem 0.9rem; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: 0.85rem;
  border-top: 1px solid var(--rule); padding-top: 0.5rem; }
@media print {
  html { font-size: 11pt; }
  body, body.wide { max-width: none; padding: 0; }
  div.scroll { overflow: visible; }
  nav.top, footer { display: none; }
  a { color: inherit; text-decoration: none; }
  ol.steps > li { border-left-width: 1px; }
  math[display="block"] { overflow: visible; }
  h2 { break-after: avoid; }
}
"""
