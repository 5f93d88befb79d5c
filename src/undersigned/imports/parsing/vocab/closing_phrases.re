# Other closing lines of a list (further signatories not listed).
\+\s*\d+
\d+\s+(?:more|further|others|weitere|autres|más|otros|altri|других|інших|meer)
more\s+(?:signatures|signatories|to\s+follow|to\s+come)
weitere\s+(?:folgen|unterzeichn)
(?:the\s+)?list\s+(?:is\s+)?(?:being\s+)?(?:updated|continues|to\s+be\s+continued)
to\s+be\s+continued
etc\.?
и\s+т\.\s*д\.?
usw\.?
u\.\s*a\.?
и\s+др\.?
та\s+ін\.?
