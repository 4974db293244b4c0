"""A bank: accounts with owners and balances, and a ledger of transactions.

Amounts are dollars rounded to cents. Interest after a deposit differs from a deposit after
interest, so ``multi_step`` tasks have an order that matters. The ledger's ids only number the
entries in call order: two deposits of a parallel step made either way round are the same end
state, so goals compare the ledger as a multiset (:func:`canonical`).
"""

from __future__ import annotations

import random
from typing import Annotated, Any

from pydantic import Field

from synthloop.envs.base import Call, State, Task, ToolError, unordered

AccountId = Annotated[str, Field(description="An account id such as ACC-1001")]
Amount = Annotated[float, Field(gt=0, description="An amount in dollars")]
OWNERS = ("Alice", "Bob", "Carol", "Dan", "Erin", "Frank")


def initial_state(seed: int) -> State:
    rng = random.Random(seed)
    owners = rng.sample(OWNERS, 4)
    return {"accounts": {f"ACC-{1001 + i}": {"owner": owner, "balance": rng.randrange(2, 60) * 50}
                         for i, owner in enumerate(owners)},
            "ledger": []}


def canonical(state: State) -> State:
    return {**state, "ledger": unordered(state["ledger"], drop="id")}


def _account(state: State, account_id: str) -> dict[str, Any]:
    try:
        account: dict[str, Any] = state["accounts"][account_id]
    except KeyError:
        raise ToolError(f"no account {account_id}") from None
    return account


def _book(state: State, kind: str, account_id: str, amount: float) -> float:
    account = _account(state, account_id)
    account["balance"] = round(account["balance"] + amount, 2)
    state["ledger"].append({"id": len(state["ledger"]) + 1, "kind": kind, "account": account_id,
                            "amount": round(amount, 2)})
    balance: float = account["balance"]
    return balance


def list_accounts(state: State) -> list[dict[str, str]]:
    """List every account with its owner."""
    return [{"account_id": k, "owner": v["owner"]} for k, v in state["accounts"].items()]


def get_balance(state: State, account_id: AccountId) -> dict[str, Any]:
    """Get the current balance of an account."""
    return {"account_id": account_id, "balance": _account(state, account_id)["balance"]}


def deposit(state: State, account_id: AccountId, amount: Amount) -> dict[str, Any]:
    """Deposit money into an account."""
    return {"account_id": account_id, "balance": _book(state, "deposit", account_id, amount)}


def withdraw(state: State, account_id: AccountId, amount: Amount) -> dict[str, Any]:
    """Withdraw money from an account; refused when the balance is too low."""
    if _account(state, account_id)["balance"] < amount:
        raise ToolError(f"insufficient funds in {account_id}")
    return {"account_id": account_id, "balance": _book(state, "withdraw", account_id, -amount)}


def transfer(state: State, from_account: AccountId, to_account: AccountId,
             amount: Amount) -> dict[str, Any]:
    """Move money from one account to another; refused when the source has too little."""
    _account(state, to_account)
    if from_account == to_account:
        raise ToolError("source and destination are the same account")
    if _account(state, from_account)["balance"] < amount:
        raise ToolError(f"insufficient funds in {from_account}")
    _book(state, "transfer_out", from_account, -amount)
    _book(state, "transfer_in", to_account, amount)
    return {"from_balance": _account(state, from_account)["balance"],
            "to_balance": _account(state, to_account)["balance"]}


def apply_interest(state: State, account_id: AccountId,
                   rate_percent: Annotated[float, Field(gt=0, le=100)]) -> dict[str, Any]:
    """Credit interest at a percentage of the current balance."""
    interest = round(_account(state, account_id)["balance"] * rate_percent / 100, 2)
    return {"account_id": account_id, "balance": _book(state, "interest", account_id, interest)}


TOOLS = [list_accounts, get_balance, deposit, withdraw, transfer, apply_interest]


def make_task(state: State, rng: random.Random, category: str) -> Task | None:
    accounts = state["accounts"]
    a, b = rng.sample(sorted(accounts), 2)
    amount = rng.randrange(1, 8) * 10
    if category == "single":
        return rng.choice([
            Task(f"Transfer ${amount} from account {a} to account {b}.", category,
                 [[Call("transfer", {"from_account": a, "to_account": b, "amount": amount})]]),
            Task(f"Deposit ${amount} into account {a}.", category,
                 [[Call("deposit", {"account_id": a, "amount": amount})]]),
        ])
    if category == "parallel":
        return rng.choice([
            Task(f"What are the balances of accounts {a} and {b}?", category,
                 [[Call("get_balance", {"account_id": a}), Call("get_balance", {"account_id": b})]],
                 answer=[accounts[a]["balance"], accounts[b]["balance"]]),
            Task(f"Deposit ${amount} into account {a} and ${amount + 5} into account {b}.",
                 category, [[Call("deposit", {"account_id": a, "amount": amount}),
                             Call("deposit", {"account_id": b, "amount": amount + 5})]]),
        ])
    if category == "multi_step":
        owner = accounts[a]["owner"]
        half = round(accounts[a]["balance"] / 2, 2)
        return rng.choice([
            Task(f"Deposit ${amount} into account {a}, then apply 5% interest to it.", category,
                 [[Call("deposit", {"account_id": a, "amount": amount})],
                  [Call("apply_interest", {"account_id": a, "rate_percent": 5})]]),
            Task(f"Find {owner}'s account and transfer ${amount} from it to account {b}.",
                 category, [[Call("list_accounts", {})],
                            [Call("transfer", {"from_account": a, "to_account": b,
                                               "amount": amount})]]),
            Task(f"Move half of the balance of account {a} to account {b}.", category,
                 [[Call("get_balance", {"account_id": a})],
                  [Call("transfer", {"from_account": a, "to_account": b, "amount": half})]]),
        ])
    return None
