"""Where a sentence ends in the words before a formula."""

import pytest

from momentum_sym.audit import sentences

LAST_SENTENCE = [
    # (the words before a formula, the words of its sentence)
    ("It converges. Its rate is", " Its rate is"),
    ("For Nesterov's method, i.e. the accelerated gradient, the rate is",
     "For Nesterov's method, i.e. the accelerated gradient, the rate is"),
    ("see e.g. The Survey) the step is", "see e.g. The Survey) the step is"),
    ("as in Fig. 2 the rate is", "as in Fig. 2 the rate is"),
    ("Smith et al. show that the rate is", "Smith et al. show that the rate is"),
    ("the method of Smith et al. Its rate is", " Its rate is"),  # before a capital: ends
    ("with beta = 0.9 the rate is", "with beta = 0.9 the rate is"),
    ("a display\n\nStep sizes converge when", "Step sizes converge when"),  # a new paragraph
    ("Does it converge? It does when", " It does when"),
]


@pytest.mark.parametrize(("before", "sentence"), LAST_SENTENCE)
def test_the_last_sentence(before, sentence):
    assert sentences.last(before) == sentence
