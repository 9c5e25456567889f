"""klantcontact: the Python side of the datamart, one package with one command (`klantcontact`)."""
