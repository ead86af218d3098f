@edge @limits
Feature: Where the document is silent, what the edge does is recorded
  The document sets no size limit on a pod update; the vendor's edge drops messages of
  256 KiB or more and reads at most 1 MiB (vendor-notes: Limits). These cases never fail:
  their grade is INFORMATIONAL and the summary records what the edge did.

  @case.EDGE-INFO-ABOVE-256-KIB @informational
  Scenario: A conformant pod update above the vendor's 256 KiB limit
    Given a conformant pod update of more than 260 KiB
    When the controller sends it
    Then what the edge does is recorded

  @case.EDGE-INFO-ABOVE-1-MIB @informational
  Scenario: A conformant pod update above 1 MiB
    Given a conformant pod update of more than 1100 KiB
    When the controller sends it
    Then what the edge does is recorded
