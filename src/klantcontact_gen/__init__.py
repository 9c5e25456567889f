"""Demo raw-export generator for the klantcontact datamart."""

from klantcontact_gen.generator import generate
from klantcontact_gen.world import Params

__all__ = ["Params", "generate"]
