/* intentionally empty: the book has no maths, and must not load MathJax from a CDN */
