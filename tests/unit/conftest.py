"""Unit tests import the collection as ansible_collections.webexops.identity."""

from collection_tree import make_collection_importable

make_collection_importable()
