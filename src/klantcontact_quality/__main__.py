"""`python -m klantcontact_quality`: see klantcontact_quality.cli."""

from klantcontact_quality.cli import main

raise SystemExit(main())
