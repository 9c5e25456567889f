"""`python -m klantcontact`: the same as the `klantcontact` command."""

from klantcontact.cli import main

raise SystemExit(main())
