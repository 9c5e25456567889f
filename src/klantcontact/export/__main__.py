"""`python -m klantcontact.export`: see klantcontact.export.cli."""

from klantcontact.export.cli import main

raise SystemExit(main())
