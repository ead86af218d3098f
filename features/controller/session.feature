@controller @session
Feature: Across the whole session the controller behaves as a conformant controller
  These checks read the whole run: every message, the answers the edge sent and how the
  connection ended. The run ends when the controller closes the connection, or when it has
  sent nothing for --idle seconds (then the edge closes it, which is no fault of the controller).

  @case.CTRL-SESSION-POD-UPDATE-RECEIVED
  Scenario: The controller pushed at least one pod update
    Then at least one pod update was received

  @case.CTRL-SESSION-UNIQUE-MSG-IDS @rule.HDR-MSG-ID
  Scenario: Every msg_id of the session is fresh
    Then no msg_id was used twice in the session

  @case.CTRL-SESSION-ONLY-JSON @rule.MESSAGE
  Scenario: Every frame the controller sent was JSON text
    Then every frame the controller sent was a JSON object in a text frame

  @case.CTRL-SESSION-HANDLES-ANSWERS
  Scenario: The controller took the edge's answers in its stride
    "OK" and "FAILED" answers are both ordinary: a conformant controller neither drops the
    connection nor closes it with an error on an answer; it closes normally (1000, 1001) or
    keeps the connection.
    Then the controller kept the connection through the edge's answers
