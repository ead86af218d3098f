@edge @exchange
Feature: The edge answers a pod update as the document shows
  The controller pushes the document's pod update, with its redactions filled with real
  values and its errata resolved the strict way (fixtures/conformant-request.json). The edge
  answers "OK" exactly as the document's "Result returned" shows: every header field, the
  empty router object, operation "response", the request's resource copied back.

  @case.EDGE-DOCUMENT-UPDATE
  Scenario: The document's pod update, made conformant, is answered OK
    Given the conformant pod update
    When the controller sends it
    Then the edge answers exactly once
    And the answer matches the golden answer "answer-ok.json"

  @case.EDGE-UPDATE-AFTER-REJECT @rule.CTR-NAME
  Scenario: After a rejected pod the same connection answers the next update
    Given the conformant pod update changed by case "CTR-NAME.33-characters"
    When the controller sends it
    Then the edge answers with a failure
    Given the conformant pod update
    When the controller sends it
    Then the answer matches the golden answer "answer-ok.json"
    And the edge is still on the connection it started the session on

  @case.EDGE-TWO-UPDATES-IN-A-ROW
  Scenario: Two updates sent back to back are each answered once, by their own ids
    Given two conformant pod updates of different pods
    When the controller sends both without waiting
    Then each is answered once, and each answer names its own request
