"""`python -m klantcontact_bench`: see klantcontact_bench.cli."""

from klantcontact_bench.cli import main

raise SystemExit(main())
