# Generated from the rule table by `edgeconform generate`; do not edit by hand.
@edge @limits
Feature: Where the document is silent, what the edge does is recorded
  The document sets no size limit on a pod update; the vendor's edge drops messages of
  256 KiB or more and reads at most 1 MiB (vendor-notes: Limits). Nor does it give the
  request's timestamp a range, or say whether a msg_id may be in upper case. These cases
  never fail: their grade is INFORMATIONAL and the summary records what the edge did.

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

  @informational
  Scenario Outline: A case the document's words do not decide: what the edge does is recorded
    Given the conformant pod update changed by case "<case>"
    When the controller sends it, followed by a conformant pod update
    Then what the edge does is recorded

    @rule.HDR-MSG-ID
    Examples: HDR-MSG-ID (header.msg_id)
      | case | rule | change |
      | HDR-MSG-ID.an-upper-case-uuid | HDR-MSG-ID | an upper-case UUID |

    @rule.HDR-TIMESTAMP
    Examples: HDR-TIMESTAMP (header.timestamp)
      | case | rule | change |
      | HDR-TIMESTAMP.the-field-left-out | HDR-TIMESTAMP | the field left out |
      | HDR-TIMESTAMP.0-below-the-range | HDR-TIMESTAMP | 0, below the range |
