"""`python -m klantcontact.quality`: see klantcontact.quality.cli."""

from klantcontact.quality.cli import main

raise SystemExit(main())
