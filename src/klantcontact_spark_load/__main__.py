import sys

from klantcontact_spark_load.cli import main

sys.exit(main())
