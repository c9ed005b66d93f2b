"""Business rules. Services take a database session and plain values, never a request."""
