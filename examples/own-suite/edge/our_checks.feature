@edge @our-lab
Feature: Our lab's own checks, beside the shipped edge suite
  Our lab accepts an OK answer whose route.source is "edge" or "metaManager", where the document
  says "controller" (docs/errata.md, erratum 10): our golden answer allows these and is otherwise
  the shipped answer-ok.json.

  @case.OUR-LAB-DOCUMENT-UPDATE
  Scenario: The document's pod update is answered OK, whatever the route.source
    Given the conformant pod update
    When the controller sends it
    Then the edge answers exactly once
    And the answer matches the golden answer "golden/answer-ok-any-source.json"
