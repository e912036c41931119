"""A method's title as it reads inside a sentence."""

import dataclasses

import pytest

from momentum_sym import methods

NOUNS = [
    # (method, its title inside a sentence)
    ("gd", "gradient descent"),
    # a remark in brackets at the end is the chapter's, not the sentence's
    ("heavy-ball", "the heavy ball"),
    ("qhm", "quasi-hyperbolic momentum"),
    ("nesterov", "Nesterov's accelerated gradient"),
    ("pytorch-sgd", "PyTorch's SGD with momentum"),
    ("sutskever", "Sutskever's (and Keras') momentum"),  # a bracket inside stays
]


@pytest.mark.parametrize(("name", "noun"), NOUNS)
def test_a_title_inside_a_sentence(name, noun):
    assert methods.get(name).noun == noun


@pytest.mark.parametrize(("title", "noun"), [
    ("The lookahead rule", "the lookahead rule"),
    ("A rule of my own", "a rule of my own"),
    ("lookahead", "lookahead"),
    ("Theta momentum", "Theta momentum"),  # only a whole article is lowered
    ("(QHM)", "(QHM)"),  # a title that is only a remark keeps it
])
def test_a_users_title_keeps_its_words(title, noun):
    method = dataclasses.replace(methods.get("gd"), title=title, noun_phrase="")
    assert method.noun == noun
