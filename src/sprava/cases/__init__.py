"""Cases and their members, at the foot of the domain."""
