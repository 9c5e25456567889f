"""Demo raw-export generator for the klantcontact datamart."""

from klantcontact.generator.generator import generate
from klantcontact.generator.world import Params

__all__ = ["Params", "generate"]
