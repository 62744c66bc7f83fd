-- Delivery caching and feeds: the newest change of any story (Last-Modified of lists and feeds),
-- the next embargo instant (max-age bounds), and the latest published stories (feeds).
CREATE INDEX "articles_delivery_updated_at_idx" ON "articles"("updated_at");
CREATE INDEX "articles_delivery_status_embargoed_until_idx" ON "articles"("status", "embargoed_until");
CREATE INDEX "articles_delivery_status_published_at_idx" ON "articles"("status", "published_at");
