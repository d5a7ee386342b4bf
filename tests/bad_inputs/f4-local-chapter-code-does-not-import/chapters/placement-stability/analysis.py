def by_category(:
