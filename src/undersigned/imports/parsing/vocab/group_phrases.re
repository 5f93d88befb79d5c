# Whole group headings inside a list (casefolded).
^(?:signing\s+)?(?:(?:individual|personal|organi[sz]ational|institutional|other|further|additional|international|national|local|regional|academic|political)\s+)?(?:signatories|signers|supporters|endorsers|organi[sz]ations|individuals|persons|people|groups|parties|unions|academics|institutions)(?:\s*\(.*\))?$
^(?:in\s+personal\s+capacity|trade\s+unions?|political\s+parties|private\s+persons?|natürliche\s+personen|juristische\s+personen|частные\s+лица|физические\s+лица|юридические\s+лица|фізичні\s+особи)$
