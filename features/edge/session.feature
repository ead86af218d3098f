@edge @session
Feature: Across the whole session the edge's traffic is well formed
  These checks read everything the edge sent during the run, keepalives and status
  reports included, so they run last.

  @case.EDGE-SESSION-ONE-ANSWER-PER-REQUEST
  Scenario: No request of the session was answered more than once
    Then no request of the session was answered more than once

  @case.EDGE-SESSION-ONLY-JSON
  Scenario: Every frame the edge sent was JSON
    Then every frame the edge sent was a JSON object

  @case.EDGE-SESSION-NO-STRAY-ANSWERS
  Scenario: The edge answered no message the controller never sent
    Then the edge sent no answer to an id the controller never sent
