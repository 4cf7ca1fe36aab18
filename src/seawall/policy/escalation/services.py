"""Services that run code as a role passed to them, and what it takes to start one.

Each launch needs ``iam:PassRole`` on the role, with ``iam:PassedToService``
set to the service principal, and one of its alternative sets of actions.
Resource templates take ``{region}`` and ``{account}``; the names in them
stand for a new resource that the attacker names.
"""

from __future__ import annotations

from dataclasses import dataclass

ActionOn = tuple[str, str]


@dataclass(frozen=True)
class Launch:
    """A way to run code as a passed role: the service and the actions it needs."""

    service: str
    # Sentence fragment after "pass ROLE to".
    how: str
    # Service principal the role must trust, and the value of iam:PassedToService.
    principal: str
    # Each alternative is a set of (action, resource template) that must all be allowed.
    alternatives: tuple[tuple[ActionOn, ...], ...]


def _arn(service: str, resource: str) -> str:
    return f"arn:aws:{service}:{{region}}:{{account}}:{resource}"


_FUNCTION = _arn("lambda", "function:seawall-escalation")
_STACK = _arn("cloudformation", "stack/seawall-escalation/*")
_GLUE_JOB = _arn("glue", "job/seawall-escalation")
_PROJECT = _arn("codebuild", "project/seawall-escalation")
_PIPELINE = _arn("datapipeline", "pipeline/df-seawallescalation")
_TASK_DEFINITION = _arn("ecs", "task-definition/seawall-escalation:1")

LAUNCHES: tuple[Launch, ...] = (
    Launch(
        "Lambda",
        "a new Lambda function and run it",
        "lambda.amazonaws.com",
        (
            (("lambda:CreateFunction", _FUNCTION), ("lambda:InvokeFunction", _FUNCTION)),
            (("lambda:CreateFunction", _FUNCTION), ("lambda:CreateEventSourceMapping", "*")),
        ),
    ),
    Launch(
        "CloudFormation",
        "a CloudFormation stack",
        "cloudformation.amazonaws.com",
        ((("cloudformation:CreateStack", _STACK),), (("cloudformation:UpdateStack", _STACK),)),
    ),
    Launch(
        "Glue",
        "a Glue development endpoint or job",
        "glue.amazonaws.com",
        (
            (("glue:CreateDevEndpoint", _arn("glue", "devEndpoint/seawall-escalation")),),
            (("glue:UpdateDevEndpoint", _arn("glue", "devEndpoint/seawall-escalation")),),
            (("glue:CreateJob", _GLUE_JOB), ("glue:StartJobRun", _GLUE_JOB)),
            (("glue:CreateJob", _GLUE_JOB), ("glue:CreateTrigger", _arn("glue", "trigger/*"))),
        ),
    ),
    Launch(
        "CodeBuild",
        "a new CodeBuild project and start a build",
        "codebuild.amazonaws.com",
        ((("codebuild:CreateProject", _PROJECT), ("codebuild:StartBuild", _PROJECT)),),
    ),
    Launch(
        "SageMaker",
        "a SageMaker notebook instance or job",
        "sagemaker.amazonaws.com",
        (
            (
                (
                    "sagemaker:CreateNotebookInstance",
                    _arn("sagemaker", "notebook-instance/seawall-escalation"),
                ),
            ),
            (
                (
                    "sagemaker:CreateTrainingJob",
                    _arn("sagemaker", "training-job/seawall-escalation"),
                ),
            ),
            (
                (
                    "sagemaker:CreateProcessingJob",
                    _arn("sagemaker", "processing-job/seawall-escalation"),
                ),
            ),
        ),
    ),
    Launch(
        "Data Pipeline",
        "a new Data Pipeline pipeline",
        "datapipeline.amazonaws.com",
        (
            (
                ("datapipeline:CreatePipeline", _PIPELINE),
                ("datapipeline:PutPipelineDefinition", _PIPELINE),
            ),
        ),
    ),
    Launch(
        "ECS",
        "a new ECS task definition and run it",
        "ecs-tasks.amazonaws.com",
        (
            (("ecs:RegisterTaskDefinition", "*"), ("ecs:RunTask", _TASK_DEFINITION)),
            (("ecs:RegisterTaskDefinition", "*"), ("ecs:StartTask", _TASK_DEFINITION)),
            (
                ("ecs:RegisterTaskDefinition", "*"),
                ("ecs:CreateService", _arn("ecs", "service/*/seawall-escalation")),
            ),
        ),
    ),
)

EC2_PRINCIPAL = "ec2.amazonaws.com"
RUN_INSTANCES: ActionOn = ("ec2:RunInstances", _arn("ec2", "instance/*"))
NEW_INSTANCE_PROFILE = "arn:aws:iam::{account}:instance-profile/seawall-escalation"
