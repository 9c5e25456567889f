"""The SparkSession of the project's `spark` dbt output.

profiles.yml is the one place of the Spark configuration (warehouse, Derby metastore,
time zone, parser options): it is rendered here by dbt's own profile renderer, so the
loader's session and the one dbt-spark's session mode opens are built alike, and the raw
tables land in the metastore dbt reads.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pyspark.sql import SparkSession

from klantcontact.settings import SETTINGS

PROFILE = "klantcontact"
OUTPUT = "spark"


def spark_parameters(profiles_dir: Path) -> dict[str, str]:
    """server_side_parameters of the spark output, rendered as dbt renders them."""
    from dbt.config.profile import read_profile
    from dbt.config.renderer import ProfileRenderer
    from dbt_common.context import set_invocation_context

    # profiles.yml puts the warehouse below env_var('DBT_PROJECT_DIR'): this project's.
    set_invocation_context({**os.environ, "DBT_PROJECT_DIR": str(SETTINGS.project_dir)})
    profile: dict[str, Any] = read_profile(str(profiles_dir))
    output = profile[PROFILE]["outputs"][OUTPUT]
    rendered = ProfileRenderer({}).render_data(output)
    return {str(key): str(value) for key, value in rendered["server_side_parameters"].items()}


def spark_session(parameters: dict[str, str]) -> SparkSession:
    """A session as dbt-spark's session mode builds it: Hive support, then the parameters.
    The warehouse folder is made first: Derby writes its log beside it."""
    warehouse = parameters.get("spark.sql.warehouse.dir")
    if warehouse:
        Path(warehouse).mkdir(parents=True, exist_ok=True)
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in parameters.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()
