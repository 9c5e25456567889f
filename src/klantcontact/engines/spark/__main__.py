import sys

from klantcontact.engines.spark.cli import main

sys.exit(main())
