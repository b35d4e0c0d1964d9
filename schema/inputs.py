"""Control characters in string arguments are refused before anything runs.

No reference, code, slug or search word has a NUL or another control
character; PostgreSQL cannot even store a NUL in text, so one that reached a
query raised an error deep in the database layer. Inline values are checked by
a validation rule (cached with the document); variables, which change per
request, by :func:`variable_errors` after validation. Tab, line feed and
carriage return are allowed.
"""

import re

from graphql import (
    ArgumentNode,
    DirectiveNode,
    FieldNode,
    GraphQLError,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValidationRule,
    VariableNode,
    Visitor,
    visit,
)

CODE = "BAD_USER_INPUT"
# C0 controls except tab (09), line feed (0A) and carriage return (0D); DEL.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _code_point(character: str) -> str:
    return f"U+{ord(character):04X}"


def _argument_label(argument: ArgumentNode, ancestors) -> str:
    """``argument "x" of field "y"`` (or of a directive)."""
    owner = next(
        (
            node
            for node in reversed(ancestors)
            if isinstance(node, FieldNode | DirectiveNode)
        ),
        None,
    )
    label = f'argument "{argument.name.value}"'
    if isinstance(owner, FieldNode):
        label += f' of field "{owner.name.value}"'
    elif isinstance(owner, DirectiveNode):
        label += f' of directive "@{owner.name.value}"'
    return label


def _in_literal(value_node) -> str | None:
    """The first control character in a literal value, if any."""
    pending = [value_node]
    while pending:  # not recursive: nesting is the client's to choose
        node = pending.pop()
        if isinstance(node, StringValueNode):
            match = CONTROL_CHARACTER.search(node.value)
            if match:
                return match.group()
        elif isinstance(node, ListValueNode):
            pending.extend(reversed(node.values))
        elif isinstance(node, ObjectValueNode):
            pending.extend(reversed([field.value for field in node.fields]))
    return None


def _in_value(value) -> tuple[str, str] | None:
    """``(character, path)`` of the first control character in a variable's
    JSON value, if any."""
    pending = [("", value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, str):
            match = CONTROL_CHARACTER.search(item)
            if match:
                return match.group(), path
        elif isinstance(item, list):
            pending.extend(
                reversed(
                    [(f"{path}[{index}]", child) for index, child in enumerate(item)]
                )
            )
        elif isinstance(item, dict):
            pending.extend(
                reversed(
                    [
                        (f"{path}.{key}" if path else key, child)
                        for key, child in item.items()
                    ]
                )
            )
    return None


def _error(message: str, nodes=None) -> GraphQLError:
    return GraphQLError(message, nodes, extensions={"code": CODE})


class ControlCharacterRule(ValidationRule):
    """Refuse inline string values (arguments, variable defaults) that hold a
    control character."""

    def enter_argument(self, node: ArgumentNode, _key, _parent, _path, ancestors):
        character = _in_literal(node.value)
        if character:
            label = _argument_label(node, ancestors)
            self.report_error(
                _error(
                    f"The {label} contains the control character "
                    f"{_code_point(character)}, which is not allowed.",
                    node,
                )
            )

    def enter_variable_definition(self, node, *_args):
        character = node.default_value and _in_literal(node.default_value)
        if character:
            self.report_error(
                _error(
                    f'The default value of variable "${node.variable.name.value}" '
                    f"contains the control character {_code_point(character)}, "
                    "which is not allowed.",
                    node,
                )
            )


class _Usages(Visitor):
    """Where a variable is used: ``argument "x" of field "y"`` labels."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        self.labels: list[str] = []

    def enter_argument(self, node: ArgumentNode, _key, _parent, _path, ancestors):
        if self._uses(node.value):
            label = _argument_label(node, ancestors)
            if label not in self.labels:
                self.labels.append(label)

    def _uses(self, value_node) -> bool:
        if isinstance(value_node, VariableNode):
            return value_node.name.value == self.name
        if isinstance(value_node, ListValueNode):
            return any(map(self._uses, value_node.values))
        if isinstance(value_node, ObjectValueNode):
            return any(self._uses(field.value) for field in value_node.fields)
        return False


def variable_errors(document, variables: dict | None) -> list[GraphQLError]:
    """One error per variable whose value holds a control character, naming
    the arguments it is passed to."""
    errors = []
    for name, value in (variables or {}).items():
        found = _in_value(value)
        if not found:
            continue
        usages = _Usages(name)
        visit(document, usages)
        if not usages.labels:
            continue  # not used by the query: it reaches nothing
        character, path = found
        where = f' at "{path}"' if path else ""
        errors.append(
            _error(
                f'Variable "${name}"{where}, passed as the '
                f"{' and the '.join(usages.labels)}, contains the control "
                f"character {_code_point(character)}, which is not allowed."
            )
        )
    return errors
