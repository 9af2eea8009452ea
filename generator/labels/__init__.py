"""Labels: the names shown for ids that would otherwise appear raw on the site.

Input: the optional ``labels`` section of program.yaml and the surveys' choice options.
Output: ``name_of(program, kind, value)``, the name a page shows for a skill, level,
department or status id (see ``generator.labels.names``).
"""
