"""`python -m klantcontact.bench`: see klantcontact.bench.cli."""

from klantcontact.bench.cli import main

raise SystemExit(main())
