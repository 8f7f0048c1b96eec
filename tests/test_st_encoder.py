"""The sentence-transformers path, with a tiny model built here: no download."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

pytest.importorskip("sentence_transformers")

from aligner.cli import cli
from aligner.encoders import SentenceTransformerEncoder, get_encoder
from aligner.errors import EncoderError

from .conftest import EN, NL

pytestmark = pytest.mark.st

WORDS = (
    "the a cat dog sits on mat de het kat hond zit op mat expert isis attack attacks "
    "europe moscow amin warns warned said saying terrorist groups is are of in and to"
).split()


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A two-layer, 32-dimensional BERT with a word-level vocabulary, saved to a folder."""
    import torch
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers 6 moved the modules
        from sentence_transformers.sentence_transformer import modules as models
    except ImportError:
        from sentence_transformers import models
    from tokenizers import Tokenizer, pre_tokenizers
    from tokenizers import models as tok_models
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-st")
    hf = folder / "hf"
    tokens = dict.fromkeys(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS])
    vocab = {w: i for i, w in enumerate(tokens)}
    tok = Tokenizer(tok_models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=128,
    )
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
    )
    BertModel(config).save_pretrained(hf)
    fast.save_pretrained(hf)
    word = models.Transformer(str(hf), max_seq_length=128)
    pool = models.Pooling(32, pooling_mode="mean")
    path = folder / "model"
    SentenceTransformer(modules=[word, pool], device="cpu").save(str(path))
    return path


def test_loads_from_a_local_folder(tiny_model):
    enc = SentenceTransformerEncoder(str(tiny_model))
    assert enc.dimension == 32
    assert enc.languages is None  # unknown: no language warnings
    vecs = enc.encode(["the cat sits on the mat", "de kat zit op de mat", "expert warns"])
    assert vecs.shape == (3, 32) and vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    again = SentenceTransformerEncoder(str(tiny_model)).encode(["expert warns"])
    np.testing.assert_allclose(again[0], vecs[2], atol=1e-5)
    assert str(tiny_model) in enc.identity


def test_get_encoder_by_path_is_cached(tiny_model):
    enc = get_encoder(str(tiny_model))
    enc.encode(["the dog", "the cat"])
    enc.encode(["the cat"])
    assert enc.encoded_count == 2


def test_compare_with_model_option(tiny_model):
    result = CliRunner().invoke(
        cli, ["compare", "--format", "json", "--model", str(tiny_model), str(EN), str(NL)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["tool"]["encoder"].startswith("st:")
    assert report["alignment"]["paragraphs"]


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(EncoderError, match="cannot load model"):
        SentenceTransformerEncoder(str(tmp_path / "no-model-here"))
    result = CliRunner().invoke(
        cli, ["compare", "--model", str(tmp_path / "nothing"), str(EN), str(NL)]
    )
    assert result.exit_code == 2
    assert "cannot load model" in result.stderr and "Traceback" not in result.output
