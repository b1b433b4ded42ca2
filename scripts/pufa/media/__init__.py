"""Images: photo variants, printed signs, share images."""
